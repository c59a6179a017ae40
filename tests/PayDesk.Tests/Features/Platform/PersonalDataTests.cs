using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Platform;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("13800138000", "13800138000")]
    [InlineData("+86 138 0013 8000", "13800138000")]
    [InlineData("0086-138-0013-8000", "13800138000")]
    [InlineData("138-0013-8000", "13800138000")]
    [InlineData("12800138000", null)]
    [InlineData("1380013800", null)]
    [InlineData("138001380001", null)]
    [InlineData("phone 138", null)]
    [InlineData("", null)]
    public void Phone_numbers_are_normalised_or_refused(string raw, string? expected) =>
        Assert.Equal(expected, PersonalData.NormalizePhone(raw));

    [Theory]
    [InlineData("11010519491231002X", "11010519491231002X")]
    [InlineData("11010519491231002x", "11010519491231002X")]
    [InlineData("110105194912310021", null)]
    [InlineData("1101051949123100", null)]
    public void Id_numbers_need_a_correct_check_digit(string raw, string? expected) =>
        Assert.Equal(expected, PersonalData.NormalizeIdNumber(raw));

    [Theory]
    [InlineData("4111 1111 1111 1111", "4111111111111111")]
    [InlineData("6222020200112233446", "6222020200112233446")]
    [InlineData("4111111111111112", null)]
    [InlineData("1234", null)]
    public void Card_numbers_must_pass_luhn(string raw, string? expected) =>
        Assert.Equal(expected, PersonalData.NormalizeCardNumber(raw));

    [Fact]
    public void Another_systems_error_text_loses_the_addresses_and_numbers_it_echoes()
    {
        // A mail relay's refusal and an SMS gateway's report, stored beside a notice and shown to staff.
        Assert.Equal("5.1.1 <z******@163.com>: Recipient address rejected",
            PersonalData.MaskContacts("5.1.1 <zhang.wei@163.com>: Recipient address rejected"));
        Assert.Equal("number 138****8000 unreachable", PersonalData.MaskContacts("number 13800138000 unreachable"));
        Assert.Equal("timeout", PersonalData.MaskContacts("timeout"));
    }

    [Fact]
    public void Masks_keep_only_what_an_agent_needs_to_recognise_the_number()
    {
        Assert.Equal("138****8000", PersonalData.Mask(PersonalDataKind.Phone, "13800138000"));
        Assert.Equal("110***********002X", PersonalData.Mask(PersonalDataKind.IdNumber, "11010519491231002X"));
        Assert.Equal("**** **** **** 1111", PersonalData.Mask(PersonalDataKind.CardNumber, "4111111111111111"));
    }

    [Fact]
    public void Ticket_numbers_read_as_year_and_six_digit_sequence() =>
        Assert.Equal("PD-2026-000123", TicketNumbers.Format(2026, 123));

    [Fact]
    public void Generated_passwords_meet_the_password_policy()
    {
        for (var i = 0; i < 200; i++)
        {
            var password = UserAccounts.GeneratePassword();
            Assert.Equal(16, password.Length);
            Assert.Contains(password, char.IsUpper);
            Assert.Contains(password, char.IsLower);
            Assert.Contains(password, char.IsDigit);
        }
    }

    [Theory]
    [InlineData("T202611250001", true)]
    [InlineData("2026112500019988776655", true)]
    [InlineData("T-2026_11", true)]
    [InlineData("T2026", false)]
    [InlineData("T 2026 1125", false)]
    [InlineData("-T2026112500", false)]
    public void Transaction_serial_numbers_have_a_strict_shape(string serial, bool valid) =>
        Assert.Equal(valid, TicketRules.IsTransactionId(serial));
}
