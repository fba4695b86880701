"""The citizen's side of the public-service portal: my dossiers, their timeline, supplements, withdrawal and
e-results.
"""
