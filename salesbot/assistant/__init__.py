"""The assistant inside amoCRM: a manager asks in plain Russian, it finds contacts and deals,
reads the open card and creates tasks, as that manager with their rights. The widget
(amocrm-widget/) talks to `endpoints.py`; docs/amocrm-assistant.md."""
