"""Who may do what (roles), who they are (users), and what they did (audit)."""
