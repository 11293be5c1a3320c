"""Stories in and out of other tools' files: StoryMapJS, TimelineJS and GeoJSON points."""
