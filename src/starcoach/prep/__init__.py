"""The prep kit: company notes, the job advert's focus, questions to ask, the checklist, the thank-you note."""
