"""The Teams app package: manifest (from the same command constants the router uses), icons, localisation."""
