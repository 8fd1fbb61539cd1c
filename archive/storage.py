from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed names after `collectstatic`; plain names before it.

    A quick local start without `collectstatic` then renders pages (whitenoise serves
    the files from the app folders) instead of failing on a missing manifest.
    """

    manifest_strict = False

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name
