"""Upload limits enforced while the request streams in, so a refused file is never stored."""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat

from .parsing.formats import SUPPORTED_SUFFIXES

# The first bytes of files that are certainly not what their name says.
BINARY_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive",
    b"%PDF": "a PDF file",
    b"\x7fELF": "a program",
    b"MZ\x90\x00": "a program",
    b"\x89PNG": "an image",
    b"\xff\xd8\xff": "an image",
    b"GIF8": "an image",
}
# Documents that are text of some kind (the detector reads which); the others are archives.
ZIP_SUFFIXES = {".docx": "Word (.docx)", ".odt": "OpenDocument (.odt)"}
TEXT_SUFFIXES = SUPPORTED_SUFFIXES - set(ZIP_SUFFIXES) - {".pdf"}


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
        self.suffix = PurePath(file_name or "").suffix.lower()
        if self.suffix not in SUPPORTED_SUFFIXES:
            kinds = ", ".join(sorted(s for s in SUPPORTED_SUFFIXES if s))
            self.refused.append(
                (file_name, f"unsupported file type '{self.suffix}' (not read): use {kinds}")
            )
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        if start == 0 and (problem := self._wrong_type(raw_data)):
            self.refused.append((self.file_name, f"not read: {problem}"))
            raise SkipFile
        if start + len(raw_data) > self.max_bytes:
            limit = filesizeformat(self.max_bytes)
            self.refused.append((self.file_name, f"the file is larger than the limit of {limit}"))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None

    def _wrong_type(self, head: bytes) -> str:
        """Why the first bytes show the file is not of the type its name says, or ""."""
        if self.suffix in ZIP_SUFFIXES:
            kind = ZIP_SUFFIXES[self.suffix]
            return "" if head.startswith(b"PK\x03\x04") else f"this is not a {kind} file"
        if self.suffix == ".pdf":
            return "" if head.lstrip()[:4] == b"%PDF" else "this is not a PDF file"
        if self.suffix in TEXT_SUFFIXES:
            for signature, kind in BINARY_SIGNATURES.items():
                if head.startswith(signature):
                    return f"this is a binary file ({kind}), not a {self.suffix} text file"
        return ""
