"""Mail to the managers and to customers, through an outbox: `service.queue_mail` and its
conveniences (`queue_team_alert`, `queue_customer_documents`) write the mail in the caller's
transaction; `tasks.send_mail` renders and sends it, once."""
