"""Tests of livegarden.vault."""
