input-cleaned = Your message contained invisible control characters; they were removed before it was handled.
input-slow-down = You are sending too fast; please wait a minute. Messages and buttons sent meanwhile are not handled.
