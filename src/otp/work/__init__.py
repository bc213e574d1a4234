"""Work: outcomes (rocks and standing/project outcomes), issues (IDS), to-dos and headlines."""
