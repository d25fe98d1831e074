"""The owner's outline of "Linear Algebra for Deep Learning" must survive edits to the note.

The note grew from the owner's seed outline. Its prose may be rewritten and woven around the
outline, but every non-empty line of the seed's body is the owner's own wording and has to stay
in the note, unchanged and in the same order. The lines are copied into this file once, so the
test needs nothing outside the repository when it runs.
"""

from __future__ import annotations

from pathlib import Path

NOTE = (
    Path(__file__).resolve().parents[2]
    / "docs"
    / "Mainfolder"
    / "AI"
    / "Linear Algebra for Deep Learning.md"
)

# The non-empty lines of the seed's body (everything after its frontmatter), verbatim.
SEED_LINES: tuple[str, ...] = (
    "# Linear Algebra for Deep Learning",
    "Linear algebra provides the foundational mathematical framework for deep learning, offering the structures and operations needed to represent and manipulate data and model parameters.",  # noqa: E501
    "## Key Concepts",
    "### Vectors",
    "- Fundamental units for representing data points, features, or parameters",
    "- Can be viewed geometrically (direction and magnitude) or algebraically (ordered arrays)",
    "- Common operations:",
    "  - Vector addition/subtraction",
    "  - Scalar multiplication",
    "  - Dot product",
    "  - Norms (L1, L2) for measuring magnitude",
    "### Matrices",
    "- Two-dimensional arrays used for:",
    "  - Representing datasets (samples × features)",  # noqa: RUF001
    "  - Linear transformations",
    "  - Neural network weights",
    "- Key operations:",
    "  - Transpose (A^T)",
    "  - Addition/Subtraction",
    "  - Matrix multiplication (AB)",
    "  - Identity matrix (I)",
    "  - Matrix inverse (A^(-1))",
    "### Tensors",
    "- Generalization of vectors (1D) and matrices (2D) to higher dimensions",
    "- Essential for:",
    "  - Batched training data",
    "  - Convolutional neural network operations",
    "  - Multi-dimensional data (images, video)",
    "### Eigenvalues and Eigenvectors",
    "- For a square matrix A, eigenvector v satisfies: Av = λv",
    "- λ is the corresponding eigenvalue",
    "- Applications:",
    "  - Principal Component Analysis (PCA)",
    "  - Understanding linear transformations",
    "  - Network analysis",
    "### Singular Value Decomposition (SVD)",
    "- Fundamental matrix factorization: A = UΣV^T",
    "- Properties:",
    "  - U: left singular vectors (orthogonal)",
    "  - Σ: diagonal matrix of singular values",
    "  - V: right singular vectors (orthogonal)",
    "- Applications:",
    "  - Dimensionality reduction",
    "  - Data compression",
    "  - Feature extraction",
    "  - [[Principal Component Analysis\\|Principal Component Analysis]]",
    "## Applications in Deep Learning",
    "### Neural Network Operations",
    "- Forward propagation uses matrix multiplication",
    "- Weight matrices connect layers",
    "- Batch processing leverages matrix operations",
    "- See [[Mainfolder/AI/Neural Network Fundamentals\\|Neural Network Fundamentals]] for details",
    "### Computational Efficiency",
    "- Matrix operations optimized for GPUs",
    "- Enables parallel processing",
    "- Critical for training large networks",
    "### Dimensionality Reduction",
    "- PCA for preprocessing",
    "- Autoencoders (see [[Mainfolder/AI/Generative Models\\|Generative Models]])",
    "- Feature selection and extraction",
    "## Related Topics",
    "- [[Mainfolder/AI/Calculus for Deep Learning\\|Calculus for Deep Learning]] - Gradients and optimization",  # noqa: E501
    "- [[Mainfolder/AI/Neural Network Fundamentals\\|Neural Network Fundamentals]] - Network architecture",  # noqa: E501
    "- [[Mainfolder/AI/Backpropagation\\|Backpropagation]] - Training process",
    "## References",
    "[5] Linear Algebra - Survival Kit for Machine Learning",
    "[9] Singular Value Decomposition (SVD), Demystified",
    "[11] Neural Networks Matrix Explained ",
)


def _first_missing(outline: tuple[str, ...], lines: list[str]) -> str | None:
    """The first outline line that is not found, in order, as a whole line of `lines`."""
    position = 0
    for wanted in outline:
        target = wanted.strip()
        while position < len(lines) and lines[position].strip() != target:
            position += 1
        if position == len(lines):
            return wanted
        position += 1
    return None


def test_the_outline_is_copied_whole() -> None:
    assert len(SEED_LINES) == 68
    assert all(line.strip() for line in SEED_LINES)


def test_every_outline_line_stays_in_the_note_in_order() -> None:
    lines = NOTE.read_text(encoding="utf-8").splitlines()
    missing = _first_missing(SEED_LINES, lines)
    assert missing is None, f"outline line missing or out of order in {NOTE.name}: {missing!r}"


def test_the_check_notices_a_line_out_of_order() -> None:
    lines = [line.strip() for line in SEED_LINES]
    lines[3], lines[4] = lines[4], lines[3]
    assert _first_missing(SEED_LINES, lines) is not None
    assert _first_missing(SEED_LINES, lines[:-1]) is not None
