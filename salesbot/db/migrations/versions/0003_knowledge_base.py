"""Knowledge base: collections, versioned documents, chunks with embeddings, change log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 23:39:53.052818
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    has_vector = bind.exec_driver_sql(
        "SELECT 1 FROM pg_extension WHERE extname = 'vector'"
    ).scalar()
    if not has_vector:
        raise RuntimeError(
            "The knowledge base needs the pgvector extension: install it on the PostgreSQL "
            "server (package postgresql-NN-pgvector) and run `salesbot migrate` again, or "
            "leave DATABASE_URL empty to use the embedded PostgreSQL, which has it."
        )
    op.create_table(
        "kb_collections",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("embedder", sa.String(length=100), nullable=False),
        sa.Column("pending_embedder", sa.String(length=100), nullable=True),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_collections")),
        sa.UniqueConstraint("name", name=op.f("uq_kb_collections_name")),
    )
    op.create_table(
        "kb_embedding_cache",
        sa.Column("embedder", sa.String(length=100), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("embedding", Vector(), nullable=False),
        sa.PrimaryKeyConstraint("embedder", "text_hash", name=op.f("pk_kb_embedding_cache")),
    )
    op.create_table(
        "kb_documents",
        sa.Column("collection_id", sa.Uuid(), nullable=False),
        sa.Column("source_key", sa.String(length=500), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("active_version", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["kb_collections.id"],
            name=op.f("fk_kb_documents_collection_id_kb_collections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_documents")),
        sa.UniqueConstraint(
            "collection_id", "source_key", name=op.f("uq_kb_documents_collection_id")
        ),
    )
    op.create_table(
        "kb_changes",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["kb_documents.id"],
            name=op.f("fk_kb_changes_document_id_kb_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_changes")),
    )
    op.create_index(op.f("ix_kb_changes_document_id"), "kb_changes", ["document_id"], unique=False)
    op.create_table(
        "kb_document_versions",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("file_type", sa.String(length=16), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["kb_documents.id"],
            name=op.f("fk_kb_document_versions_document_id_kb_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_document_versions")),
        sa.UniqueConstraint(
            "document_id", "number", name=op.f("uq_kb_document_versions_document_id")
        ),
    )
    op.create_table(
        "kb_chunks",
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("collection_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("section_path", sa.String(length=1000), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("lexemes", postgresql.TSVECTOR(), nullable=False),
        sa.Column("n_terms", sa.Integer(), nullable=False),
        sa.Column("is_live", sa.Boolean(), nullable=False),
        sa.Column("embedding_512", Vector(512), nullable=True),
        sa.Column("embedding_1536", Vector(1536), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["kb_collections.id"],
            name=op.f("fk_kb_chunks_collection_id_kb_collections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["kb_documents.id"],
            name=op.f("fk_kb_chunks_document_id_kb_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["kb_document_versions.id"],
            name=op.f("fk_kb_chunks_version_id_kb_document_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_chunks")),
    )
    op.create_index(
        "ix_kb_chunks_collection_live",
        "kb_chunks",
        ["collection_id"],
        unique=False,
        postgresql_where=sa.text("is_live"),
    )
    op.create_index(op.f("ix_kb_chunks_document_id"), "kb_chunks", ["document_id"], unique=False)
    op.create_index(
        "ix_kb_chunks_embedding_1536",
        "kb_chunks",
        ["embedding_1536"],
        unique=False,
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding_1536": "vector_cosine_ops"},
        postgresql_where=sa.text("is_live"),
    )
    op.create_index(
        "ix_kb_chunks_embedding_512",
        "kb_chunks",
        ["embedding_512"],
        unique=False,
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding_512": "vector_cosine_ops"},
        postgresql_where=sa.text("is_live"),
    )
    op.create_index(op.f("ix_kb_chunks_version_id"), "kb_chunks", ["version_id"], unique=False)
    op.create_table(
        "kb_postings",
        sa.Column("collection_id", sa.Uuid(), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("chunk_id", sa.Uuid(), nullable=False),
        sa.Column("tf", sa.SmallInteger(), nullable=False),
        sa.Column("doc_len", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chunk_id"],
            ["kb_chunks.id"],
            name=op.f("fk_kb_postings_chunk_id_kb_chunks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["kb_collections.id"],
            name=op.f("fk_kb_postings_collection_id_kb_collections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("collection_id", "term", "chunk_id", name=op.f("pk_kb_postings")),
    )
    op.create_index("ix_kb_postings_chunk", "kb_postings", ["chunk_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_kb_postings_chunk", table_name="kb_postings")
    op.drop_table("kb_postings")
    op.drop_index(op.f("ix_kb_chunks_version_id"), table_name="kb_chunks")
    op.drop_index(
        "ix_kb_chunks_embedding_512",
        table_name="kb_chunks",
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding_512": "vector_cosine_ops"},
        postgresql_where=sa.text("is_live"),
    )
    op.drop_index(
        "ix_kb_chunks_embedding_1536",
        table_name="kb_chunks",
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding_1536": "vector_cosine_ops"},
        postgresql_where=sa.text("is_live"),
    )
    op.drop_index(op.f("ix_kb_chunks_document_id"), table_name="kb_chunks")
    op.drop_index(
        "ix_kb_chunks_collection_live", table_name="kb_chunks", postgresql_where=sa.text("is_live")
    )
    op.drop_table("kb_chunks")
    op.drop_table("kb_document_versions")
    op.drop_index(op.f("ix_kb_changes_document_id"), table_name="kb_changes")
    op.drop_table("kb_changes")
    op.drop_table("kb_documents")
    op.drop_table("kb_embedding_cache")
    op.drop_table("kb_collections")
