"""Writers turn a ModelSpec back into a file people edit: a convcalc YAML spec (`convcalc convert`)."""
