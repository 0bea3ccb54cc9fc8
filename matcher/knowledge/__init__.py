"""The matcher's knowledge of Spanish jobs and skills: ESCO, the programme taxonomy, a title model.

>>> from matcher.knowledge import Knowledge
>>> k = Knowledge.default()
>>> k.occupations("cociné para la faena comunal", k=1)[0][0].label
'cocinero'
"""

from .core import Concept, Knowledge, data_dir, load_taxonomy, taxonomy_path
from .titlemodel import model_text, phonetic

__all__ = [
    "Concept",
    "Knowledge",
    "data_dir",
    "load_taxonomy",
    "model_text",
    "phonetic",
    "taxonomy_path",
]
