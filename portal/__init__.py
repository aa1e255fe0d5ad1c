"""The pages, APIs and dashboards that compose the apps below it: the home page, a
campaign's page with its map, list and contribution form, the staff dashboard,
participation figures and the campaigns' API."""
