"""StarCoach in the browser: a local web app over the same engine, store and analysis."""
