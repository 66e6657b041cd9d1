"""One unit of work per webhook event: lock the resident, visit, handle, save, commit, then send."""
