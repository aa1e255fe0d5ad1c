"""Building blocks every app shares, with no models or rules of ours: timestamps, web links,
the API's parser, permission class and write mixins, JSON embedded in pages.

The bottom layer of the house (docs/architecture.md): it imports no other app.
"""
