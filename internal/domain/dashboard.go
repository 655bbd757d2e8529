package domain

// Tally is how many records fall under one heading of a dashboard chart: a
// region, an axis or a status (Key is its slug or code; Name is empty for a
// status, whose name is a message).
type Tally struct {
	Key   string
	Name  Text
	Count int
}

// Progress sums up the published commitments of an axis (or of all axes
// when Key is empty): how many, how many have not started (0 %), are under
// way (1-99 %) or are completed (100 %), each also as a whole percentage of
// Count, and their average progress in whole percent.
type Progress struct {
	Key             string
	Name            Text
	Count           int
	NotStarted      int
	InProgress      int
	Completed       int
	NotStartedShare int
	InProgressShare int
	CompletedShare  int
	Average         int
}

// Dashboard is the public dashboard's figures, every one counted in the
// database over published records only (expectations past the draft,
// published commitments).
type Dashboard struct {
	Expectations int     // published expectations
	ByRegion     []Tally // every region (or the one filtered), in official order
	ByAxis       []Tally // every axis (or the one filtered), in order; an expectation may count under several
	ByStatus     []Tally // every public status, in triage order
	Commitments  Progress
	// CommitmentsByAxis has the axes with at least one published commitment.
	CommitmentsByAxis []Progress
}
