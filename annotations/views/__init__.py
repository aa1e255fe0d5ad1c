"""The contributions' pages: contributing, one contribution and its discussion, moderation."""
