#pragma once
// Model state split by principal across the shards of `detect --threads N`, and
// put back together (README "Sharded state"). Works on models::StateImage, the
// canonical flat form of a ModelState, so it needs nothing of the models' internals.
//
// Invariant (tests/pipeline/shard_state_test.cpp): for a partitionable ModelSet
// (every model keyed by user), merging the images of the shards gives exactly the
// image one ModelState fed every event would export, and splitting an image by
// shard_of_key then merging the parts gives the image back; for any other set the
// same holds of the shared part and the principal shards (split by scope group).

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "models/model_set.h"
#include "models/state_image.h"

namespace trailproof::pipeline {

// The shard an entity key (a principal) belongs to among `shards`: the
// models::stable_hash of its text modulo the count. The same function routes events:
// shard_of(models, event, shards) == shard_of_key(the event's user key, shards).
[[nodiscard]] std::size_t shard_of_key(std::string_view principal, std::size_t shards) noexcept;
// The shard of an event: ModelSet::partition_hash (models::stable_hash of the
// event's user key; events without a user go to shard 0) modulo the count.
[[nodiscard]] std::size_t shard_of(const models::ModelSet& models, const Event& event, std::size_t shards) noexcept;

// The union of `parts`, whose entities and users must be disjoint (each key in
// one part at most), in canonical form: strings sorted and only those referred
// to, models by id, entities by key, users by key. `out` holds views into the
// parts' strings.
void merge_images(const std::vector<const models::StateImage*>& parts, models::StateImage& out);

// `image` split into `shards` images by shard_of_key of each entity and user key,
// each canonical (views into `image`'s strings).
void split_image(const models::StateImage& image, std::size_t shards, std::vector<models::StateImage>& out);

// `image` split by scope group, for a model set that is not partitionable: `shared`
// gets every entity of the models kept for other entities than the user
// (ModelSet::shared_model; organization, peer group, host, zone, fields), and the
// `shards` images the user models' entities and the users (facts, sessions) by
// shard_of_key. Each canonical (views into `image`'s strings); merge_images of
// all of them gives `image` back.
void split_image(const models::StateImage& image, const models::ModelSet& models, std::size_t shards,
                 models::StateImage& shared, std::vector<models::StateImage>& out);

} // namespace trailproof::pipeline
