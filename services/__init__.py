"""Write workflows, one module per workflow, and the services every caller reaches."""
