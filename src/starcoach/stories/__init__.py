"""The story library: STAR stories, their coverage, matching to questions, drills and files."""
