"""A stand-in for a generated backend: books, members, loans, and returning a loan."""
