"""Reading a repository: discover files, parse YAML with positions, validate documents."""
