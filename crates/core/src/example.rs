//! The bundled Contoso example.
