"""Tests of livegarden.reading: the one parse and the page renderer."""
