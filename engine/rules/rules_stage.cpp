// Placeholder so the stage library has a source until the stage lands.
