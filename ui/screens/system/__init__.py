"""系统: users, settings, backups, the audit log, the signed-in person's account."""
