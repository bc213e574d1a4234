"""Per-actor inbox: what needs a person's (or an agent's) attention, with read state."""
