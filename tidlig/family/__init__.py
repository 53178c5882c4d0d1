"""The family's own pages at /borger/ (issue 14): citizens sign in and see what the municipality records about
their children (docs/architecture.md, "The family's own pages")."""
