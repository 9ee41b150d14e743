"""The prep kit: company notes, the job description's focus, questions to ask, the checklist, the thank-you note."""
