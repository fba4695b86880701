"""Ratings of the service and feedback and complaints (phản ánh, kiến nghị) about a dossier or a procedure."""
