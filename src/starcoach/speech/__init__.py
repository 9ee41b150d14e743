"""Spoken answers: decoding audio, transcription with word timings, voice activity, delivery, and speech out."""
