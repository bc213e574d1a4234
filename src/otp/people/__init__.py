"""People of an organization: invitations, password resets, roles, deactivation, and signing in."""
