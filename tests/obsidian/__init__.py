"""Tests of livegarden.obsidian."""
