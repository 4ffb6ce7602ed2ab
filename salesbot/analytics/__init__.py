"""Analytics of the dashboard: events and facts recorded where things happen, and the
funnel, conversion, automation, reply times and NPS computed from them."""
