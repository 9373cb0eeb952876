#include "server/forums/forum_mentions.h"

#include <catch2/catch.hpp>

using namespace kmhub::domain;

namespace {
std::vector<std::string> Texts(const std::vector<Mention>& mentions) {
  std::vector<std::string> out;
  for (const auto& m : mentions) out.push_back(m.text);
  return out;
}
}  // namespace

TEST_CASE("mentions: handles, display names and resource names") {
  const auto found = FindMentions(
      "Thanks @ann.patel. Could @[Dr Tom Reid] and @[organisations/4/contacts/17] look? @Mary-Jane.O'Neil too");
  REQUIRE(found.size() == 4);
  CHECK(found[0].kind == Mention::Kind::kHandle);
  CHECK(found[0].text == "ann.patel");  // the full stop ends the sentence, not the handle
  CHECK(found[1].kind == Mention::Kind::kDisplayName);
  CHECK(found[1].text == "Dr Tom Reid");
  CHECK(found[2].kind == Mention::Kind::kResourceName);
  CHECK(found[3].text == "mary-jane.o'neil");
}

TEST_CASE("mentions: e-mail addresses, code, lone words and repeats are not mentions") {
  CHECK(FindMentions("write to letters@riverside.nhs.uk").empty());
  CHECK(FindMentions("meet @10am or @ann").empty());
  CHECK(FindMentions("use `@ann.patel` in the template").empty());
  CHECK(FindMentions("```\n@ann.patel\n```\nafter").empty());
  CHECK(Texts(FindMentions("```\n@ann.patel\n```\n@tom.reid")) == std::vector<std::string>{"tom.reid"});
  CHECK(Texts(FindMentions("@ann.patel @Ann.Patel (@ann.patel)")) == std::vector<std::string>{"ann.patel"});
  CHECK(FindMentions("@[ unclosed").empty());
  CHECK(FindMentions("@[]").empty());
}

TEST_CASE("contact handles are given.family, lower case, spaces as hyphens") {
  CHECK(ContactHandle("Ann", "Patel") == "ann.patel");
  CHECK(ContactHandle("Mary Jane", "O'Neil") == "mary-jane.o'neil");
  CHECK(ContactHandle("Pieter", "van der Berg") == "pieter.van-der-berg");
  CHECK(ContactHandle("", "Patel").empty());
  CHECK(HandleFamily("pieter.van-der-berg") == "van-der-berg");
}
