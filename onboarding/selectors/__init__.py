"""Named reads: what pages and tasks fetch, each in a fixed number of queries."""
