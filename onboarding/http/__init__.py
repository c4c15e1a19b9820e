"""Request middleware: client address, query-string guard, private caching."""
