"""Read models shared by the pages and the API."""
