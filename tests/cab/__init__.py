"""``svc cab check``: the CAB decision on a pull request."""
