"""Legacy CGI script to URL redirects."""
