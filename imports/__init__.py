"""Spreadsheets in: reading, row errors, cell parsers, one runner and one module per list kind."""
