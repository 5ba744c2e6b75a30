"""What the aid writes for other people and tools: reports, FHIR resources, drawings."""
