open("MARKER_import", "w").close()
