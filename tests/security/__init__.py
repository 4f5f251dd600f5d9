"""Security: encryption at rest, logs, keys, retention and the rights of the people in the data."""
