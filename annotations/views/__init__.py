"""The contributions' pages: one contribution and its discussion, my contributions, moderation."""
