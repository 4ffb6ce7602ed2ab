"""Knowledge services that answer from documents kept outside our database (AnythingLLM)."""
