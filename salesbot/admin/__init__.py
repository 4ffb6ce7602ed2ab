"""HTTP routers of the admin screens that look after infrastructure: jobs, integrations,
webhooks. They sit at the top, so the packages they show stay free of HTTP."""
