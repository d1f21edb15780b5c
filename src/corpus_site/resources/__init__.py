"""Files shipped with the package: the default MkDocs configuration and the stylesheet."""
