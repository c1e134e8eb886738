"""The venues app's home-page panels and navigation entries."""
