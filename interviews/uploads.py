"""Upload limits enforced while the request streams in, so a refused file is never stored."""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat


class DocumentLimits(FileUploadHandler):
    """Skips files beyond the count or the size limit, and remembers them by name.

    Put it first in `request.upload_handlers` before the request body is read; the files
    it lets through reach the usual handlers, and `refused` lists (file name, reason).
    """

    def __init__(self, request=None, *, max_files: int, max_bytes: int):
        super().__init__(request)
        self.max_files = max_files
        self.max_bytes = max_bytes
        self.count = 0
        self.refused: list[tuple[str, str]] = []

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.count += 1
        if self.count > self.max_files:
            self.refused.append(
                (file_name, f"not read: at most {self.max_files} files can be uploaded at once")
            )
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            limit = filesizeformat(self.max_bytes)
            self.refused.append((self.file_name, f"the file is larger than the limit of {limit}"))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
